# Build: a release binary with the seed data compiled in.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY api api
COPY search search
COPY seed-data seed-data
COPY tests tests
RUN cargo build --release --locked --bin okienko

# Run: a small Debian image with only the binary.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data okienko \
 && mkdir -p /data && chown okienko /data
COPY --from=build /src/target/release/okienko /usr/local/bin/okienko
USER okienko
# MALLOC_ARENA_MAX=2: glibc's per-thread arenas kept 427 MB after a burst of long queries at
# 100 000 offers, two arenas 267 MB (bench/burst.sh).
ENV OKIENKO_DATA_DIR=/data \
    OKIENKO_LISTEN=0.0.0.0:8080 \
    MALLOC_ARENA_MAX=2 \
    RUST_LOG=info
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/okienko"]
CMD ["serve"]
