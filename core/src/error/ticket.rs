//! Errors of tickets: events the flow refuses.

use crate::lang::Lang;
use crate::names::Allowed;

use super::say;

/// A refused event.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TicketError {
    /// The flow does not allow this event in this state.
    Refused {
        /// The ticket.
        number: String,
        /// Its state (stable name).
        state: String,
        /// The attempted event, e.g. `forward to information_security`.
        attempted: String,
        /// What the flow allows instead.
        allowed: Vec<Allowed>,
    },
    /// Reopening after the window.
    ReopenWindowClosed {
        /// The ticket.
        number: String,
        /// Operational time since the solution.
        elapsed: String,
        /// The window.
        window: String,
    },
    /// An event earlier than the ticket's last one.
    OutOfOrder {
        /// The ticket.
        number: String,
        /// The event.
        event: String,
        /// Its time.
        at: String,
        /// The last event's time.
        last: String,
    },
    /// A history that does not start with `received`, or a second `received`.
    BadHistory {
        /// What was found.
        found: String,
    },
}

impl TicketError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            TicketError::Refused { .. } => "ticket.transition_refused",
            TicketError::ReopenWindowClosed { .. } => "ticket.reopen_window_closed",
            TicketError::OutOfOrder { .. } => "ticket.out_of_order",
            TicketError::BadHistory { .. } => "ticket.bad_history",
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            TicketError::Refused {
                number,
                state,
                attempted,
                allowed,
            } => {
                let allowed = allowed
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                say!(lang,
                    id: "tidak dapat mencatat `{attempted}` pada tiket {number}: statusnya `{state}`; yang diperbolehkan sekarang: {allowed}",
                    en: "cannot record `{attempted}` on ticket {number}: it is in state `{state}`; allowed now: {allowed}",
                )
            }
            TicketError::ReopenWindowClosed {
                number,
                elapsed,
                window,
            } => say!(lang,
                id: "tiket {number} tidak dapat dibuka kembali: solusi disampaikan {elapsed} waktu operasional yang lalu, melewati batas {window}",
                en: "cannot reopen ticket {number}: its solution was delivered {elapsed} of operational time ago, past the reopen window of {window}",
            ),
            TicketError::OutOfOrder {
                number,
                event,
                at,
                last,
            } => say!(lang,
                id: "tidak dapat mencatat {event} pada tiket {number} pada {at}: lebih awal dari peristiwa terakhir tiket pada {last}",
                en: "cannot record {event} on ticket {number} at {at}: it is earlier than the ticket's last event at {last}",
            ),
            TicketError::BadHistory { found } => say!(lang,
                id: "riwayat tiket harus diawali tepat satu peristiwa received (ditemukan {found})",
                en: "ticket history must start with exactly one received event (found {found})",
            ),
        }
    }
}
