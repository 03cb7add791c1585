//! The demo's accounts: made with the built-in demo directory on the first start, their
//! passwords printed once to whoever started it.

use sea_orm::DatabaseConnection;

/// A demo account created with the demo directory: its e-mail, role and password.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    /// Login e-mail (under `example.org`).
    pub email: String,
    /// Role.
    pub role: crate::access::Role,
    /// The generated password, shown once at first start.
    pub password: String,
}

/// Accounts to try the panel with, each with a generated password: the front desk, and the
/// liaison of the first partner that is not the CUS. Created only with the built-in demo
/// directory. No demo coordinator: coordinators receive every escalation by e-mail, and
/// nothing about demo records should leave the machine.
pub async fn demo_accounts(
    db: &DatabaseConnection,
    clock: &dyn crate::clock::Clock,
) -> anyhow::Result<Vec<DemoAccount>> {
    use crate::access::Role;
    let partner = super::seed::demo()?
        .organizations
        .iter()
        .find(|o| o.kind != crate::directory::OrganizationKind::Cus)
        .map(|o| o.id);
    let mut created = Vec::new();
    for (email, role, organization) in [
        ("recepcja@demo.example.org", Role::FrontDesk, None),
        ("partner@demo.example.org", Role::Liaison, partner),
    ] {
        let password = crate::access::generate_password();
        let request = crate::access::accounts::AccountRequest {
            email: email.to_owned(),
            role,
            organization_id: organization,
            tenant_id: None,
            password: password.clone(),
            one_time: false,
        };
        crate::access::accounts::add_account(db, clock, request).await?;
        created.push(DemoAccount {
            email: email.to_owned(),
            role,
            password,
        });
    }
    Ok(created)
}

/// Creates the demo accounts and prints them, with the panel's address, on standard output
/// (not the log on standard error).
pub async fn create_and_print(
    db: &DatabaseConnection,
    clock: &dyn crate::clock::Clock,
    public_url: &str,
) -> anyhow::Result<()> {
    let accounts = demo_accounts(db, clock).await?;
    println!("Konta demonstracyjne (hasła pokazane tylko teraz) / demo accounts:");
    for a in &accounts {
        println!("  {:<30} {:<12} {}", a.email, a.role.as_str(), a.password);
    }
    println!("Panel: {}/panel", public_url.trim_end_matches('/'));
    Ok(())
}
