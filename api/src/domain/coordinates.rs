//! WGS84 coordinates.

use std::fmt;

use super::error::{ParseError, bounded};

/// Mean Earth radius (IUGG), in kilometres.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A WGS84 point in degrees: latitude −90..=90, longitude −180..=180.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coordinates {
    lat: f64,
    lon: f64,
}

impl Coordinates {
    /// Checks a latitude and longitude in degrees.
    ///
    /// # Errors
    ///
    /// [`ParseError::Latitude`] or [`ParseError::Longitude`] (latitude is checked first) for a
    /// value that is not finite or is out of range.
    pub fn parse(lat: f64, lon: f64) -> Result<Self, ParseError> {
        if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
            return Err(ParseError::Latitude(bounded(&lat.to_string())));
        }
        if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
            return Err(ParseError::Longitude(bounded(&lon.to_string())));
        }
        Ok(Self { lat, lon })
    }

    /// Latitude in degrees.
    #[must_use]
    pub const fn lat(&self) -> f64 {
        self.lat
    }

    /// Longitude in degrees.
    #[must_use]
    pub const fn lon(&self) -> f64 {
        self.lon
    }

    /// Great-circle (haversine) distance to `other`, in kilometres.
    #[must_use]
    pub fn distance_km(&self, other: &Self) -> f64 {
        let (phi1, phi2) = (self.lat.to_radians(), other.lat.to_radians());
        let half_dphi = (phi2 - phi1) / 2.0;
        let half_dlambda = (other.lon - self.lon).to_radians() / 2.0;
        let a = half_dphi.sin().powi(2) + phi1.cos() * phi2.cos() * half_dlambda.sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
    }
}

/// Formats as `lat,lon`, e.g. `52.2297,21.0122`.
impl fmt::Display for Coordinates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", self.lat, self.lon)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(lat: f64, lon: f64) -> Coordinates {
        Coordinates::parse(lat, lon).expect("valid coordinates")
    }

    #[test]
    fn accepts_range_and_keeps_values() {
        let cases = [
            (52.2297, 21.0122),
            (0.0, 0.0),
            (-0.0, -0.0),
            (90.0, 180.0),
            (-90.0, -180.0),
            (54.8, 14.1),
        ];
        for (lat, lon) in cases {
            let c = point(lat, lon);
            assert_eq!(
                (c.lat().to_bits(), c.lon().to_bits()),
                (lat.to_bits(), lon.to_bits())
            );
        }
    }

    #[test]
    fn range_boundaries() {
        let cases = [
            (90.0_f64.next_down(), 0.0, true),
            (90.0, 0.0, true),
            (90.0_f64.next_up(), 0.0, false),
            ((-90.0_f64).next_up(), 0.0, true),
            (-90.0, 0.0, true),
            ((-90.0_f64).next_down(), 0.0, false),
            (0.0, 180.0_f64.next_down(), true),
            (0.0, 180.0, true),
            (0.0, 180.0_f64.next_up(), false),
            (0.0, (-180.0_f64).next_up(), true),
            (0.0, -180.0, true),
            (0.0, (-180.0_f64).next_down(), false),
        ];
        for (lat, lon, ok) in cases {
            assert_eq!(Coordinates::parse(lat, lon).is_ok(), ok, "{lat}, {lon}");
        }
    }

    #[test]
    fn rejects_non_finite_and_out_of_range() {
        let cases = [
            (f64::NAN, 0.0, ParseError::Latitude("NaN".into())),
            (f64::INFINITY, 0.0, ParseError::Latitude("inf".into())),
            (-91.0, 0.0, ParseError::Latitude("-91".into())),
            (0.0, f64::NAN, ParseError::Longitude("NaN".into())),
            (0.0, f64::NEG_INFINITY, ParseError::Longitude("-inf".into())),
            (0.0, 180.5, ParseError::Longitude("180.5".into())),
            (91.0, 181.0, ParseError::Latitude("91".into())),
        ];
        for (lat, lon, error) in cases {
            assert_eq!(Coordinates::parse(lat, lon), Err(error));
        }
    }

    #[test]
    fn warsaw_to_krakow_is_about_252_km() {
        let warsaw = point(52.2297, 21.0122);
        let krakow = point(50.0647, 19.9450);
        let d = warsaw.distance_km(&krakow);
        assert!((d - 252.0).abs() <= 2.0, "{d}");
        assert!((d - krakow.distance_km(&warsaw)).abs() < 1e-9);
    }

    #[test]
    fn distance_edge_cases() {
        let warsaw = point(52.2297, 21.0122);
        assert!(warsaw.distance_km(&warsaw).abs() < 1e-9);
        let half_circumference = std::f64::consts::PI * EARTH_RADIUS_KM;
        assert!(
            (point(0.0, 0.0).distance_km(&point(0.0, 180.0)) - half_circumference).abs() < 1e-6
        );
        assert!(
            (point(90.0, 0.0).distance_km(&point(-90.0, 0.0)) - half_circumference).abs() < 1e-6
        );
        // Across the antimeridian the short way round is taken.
        assert!(
            (point(0.0, 179.5).distance_km(&point(0.0, -179.5)) - half_circumference / 180.0).abs()
                < 1e-6
        );
    }

    #[test]
    fn displays_as_lat_comma_lon() {
        assert_eq!(point(52.2297, 21.0122).to_string(), "52.2297,21.0122");
    }
}
