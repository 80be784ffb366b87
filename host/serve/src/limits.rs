//! Rate limits of the generic intake (governor's GCRA, keyed): per client (the
//! token's hash), so one portal cannot flood the desk, and per contact (a phone
//! number or email address), so nobody can make the desk write to one person again
//! and again. Over a limit the intake answers `429` with `Retry-After`.

use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// The intake's limiters (a limit of 0 switches one off).
#[derive(Debug)]
pub struct Limits {
    client: Option<DefaultKeyedRateLimiter<String>>,
    contact: Option<DefaultKeyedRateLimiter<String>>,
    sender: Option<DefaultKeyedRateLimiter<String>>,
    checks: AtomicU64,
}

impl Limits {
    /// `per_client` messages per minute per client, `per_contact` per hour per
    /// contact, each with that many as a burst.
    pub fn new(per_client: u32, per_contact: u32) -> Limits {
        Limits::with_senders(per_client, per_contact, 0)
    }

    /// [`Limits::new`], and `per_sender` channel messages (WhatsApp, email) per hour
    /// from one sender.
    pub fn with_senders(per_client: u32, per_contact: u32, per_sender: u32) -> Limits {
        Limits {
            client: NonZeroU32::new(per_client).map(|n| RateLimiter::keyed(Quota::per_minute(n))),
            contact: NonZeroU32::new(per_contact).map(|n| RateLimiter::keyed(Quota::per_hour(n))),
            sender: NonZeroU32::new(per_sender).map(|n| RateLimiter::keyed(Quota::per_hour(n))),
            checks: AtomicU64::new(0),
        }
    }

    /// Counts one channel message from `sender` (a phone number or address, as
    /// [`contact_key`] makes it); `Err` when over the limit.
    ///
    /// # Errors
    /// Over the limit: the wait.
    pub fn sender(&self, sender: &str) -> Result<(), Duration> {
        self.check(self.sender.as_ref(), &contact_key(sender))
    }

    /// Counts one message of `client`; `Err` with how long to wait when over.
    ///
    /// # Errors
    /// Over the limit: the wait.
    pub fn client(&self, client: &str) -> Result<(), Duration> {
        self.check(self.client.as_ref(), client)
    }

    /// Counts one message naming `contact`; `Err` with how long to wait when over.
    ///
    /// # Errors
    /// Over the limit: the wait.
    pub fn contact(&self, contact: &str) -> Result<(), Duration> {
        self.check(self.contact.as_ref(), contact)
    }

    fn check(
        &self,
        l: Option<&DefaultKeyedRateLimiter<String>>,
        key: &str,
    ) -> Result<(), Duration> {
        let Some(l) = l else { return Ok(()) };
        // Forget keys whose allowance is full again, now and then, so that many
        // distinct contacts cannot grow the table without bound.
        if self.checks.fetch_add(1, Ordering::Relaxed) % 4096 == 4095 {
            if let Some(c) = &self.client {
                c.retain_recent();
            }
            if let Some(c) = &self.contact {
                c.retain_recent();
            }
            if let Some(c) = &self.sender {
                c.retain_recent();
            }
        }
        l.check_key(&key.to_string())
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }
}

/// The key a normalized contact is limited under: one mailbox, however it is
/// written (`Sri+a@X.go.id` and `sri@x.go.id` are one; sub-addresses reach the same
/// person); a phone number as it is (already E.164).
pub fn contact_key(contact: &str) -> String {
    let c = contact.to_ascii_lowercase();
    match c.split_once('@') {
        Some((local, domain)) => {
            let local = local.split('+').next().unwrap_or(local);
            format!("{local}@{domain}")
        }
        None => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_mailbox_is_one_key() {
        assert_eq!(contact_key("Sri+a@X.go.id"), contact_key("sri@x.go.id"));
        assert_ne!(contact_key("sri@x.go.id"), contact_key("ani@x.go.id"));
        assert_eq!(contact_key("+6281225550123"), "+6281225550123");
    }

    #[test]
    fn over_the_limit_waits_and_keys_are_separate() {
        let l = Limits::new(2, 1);
        assert!(l.client("a").is_ok());
        assert!(l.client("a").is_ok());
        let wait = l.client("a").unwrap_err();
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        assert!(l.client("b").is_ok());
        assert!(l.contact("+6281225550123").is_ok());
        let wait = l.contact("+6281225550123").unwrap_err();
        assert!(wait > Duration::from_secs(3000), "{wait:?}");
        assert!(l.contact("sri@jatengprov.go.id").is_ok());
        let off = Limits::new(0, 0);
        for _ in 0..100 {
            assert!(off.client("a").is_ok() && off.contact("x").is_ok());
        }
    }
}
