//! Intake: how a message becomes a ticket, or gets a clear answer why not.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::explain::Explanation;
use crate::kind::TicketKind;
use crate::lang::Lang;
use crate::profile::Profile;
use crate::time::Timestamp;

use super::event::{Actor, Event, EventKind, SlaTerms};
use super::Ticket;

/// How a message reached the desk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// WhatsApp text (or a document/image with a caption): written.
    Whatsapp,
    /// Email: written.
    Email,
    /// A telephone call: not written, refused by the standard.
    Phone,
    /// A voice call (e.g. WhatsApp call): refused.
    VoiceCall,
    /// A video call: refused.
    VideoCall,
    /// A recorded voice message: not a written submission, refused.
    VoiceMessage,
}

impl Channel {
    /// Whether the standard accepts submissions by this channel (section A1).
    pub fn is_written(self) -> bool {
        matches!(self, Channel::Whatsapp | Channel::Email)
    }

    /// The stable name, as serialized: `whatsapp`, `email`, `phone`, `voice_call`,
    /// `video_call`, `voice_message`.
    pub fn name(self) -> &'static str {
        match self {
            Channel::Whatsapp => "whatsapp",
            Channel::Email => "email",
            Channel::Phone => "phone",
            Channel::VoiceCall => "voice_call",
            Channel::VideoCall => "video_call",
            Channel::VoiceMessage => "voice_message",
        }
    }

    /// The name for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Channel::Whatsapp => "WhatsApp",
            Channel::Email => "email",
            Channel::Phone => lang.pick("telepon", "phone"),
            Channel::VoiceCall => lang.pick("panggilan suara", "a voice call"),
            Channel::VideoCall => lang.pick("panggilan video", "a video call"),
            Channel::VoiceMessage => lang.pick("pesan suara", "a voice message"),
        }
    }
}

/// The reporter's personal data: kept on the ticket, shown only where needed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct Reporter {
    /// Name as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Phone / WhatsApp number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Nomor Induk Kependudukan, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nik: Option<String>,
    /// Who proved `phone` / `email` (none: only claimed by the sender). Set by the
    /// desk from the channel, never taken from the sender's own input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<super::contact::ContactProof>,
}

/// A message as it reaches intake.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// The channel.
    pub channel: Channel,
    /// The application it is about, as the reporter named it; `None` when unknown.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub application: Option<String>,
    /// Complaint, request or incident.
    pub kind: TicketKind,
    /// Subject (email subject); the first line of the body when absent.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub subject: Option<String>,
    /// The message text.
    pub body: String,
    /// Who wrote.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<Reporter>", optional))]
    pub reporter: Reporter,
    /// When the desk received it.
    pub received_at: Timestamp,
    /// The message is feedback or a complaint about the service desk itself.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub about_desk: bool,
}

/// Why a message was not accepted as a ticket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Refusal {
    /// Not a written channel.
    NotWritten {
        /// The channel used.
        channel: Channel,
    },
    /// The application is not one of the desk's products.
    OutOfScope {
        /// What the reporter named, if anything.
        application: Option<String>,
    },
    /// The message has no text.
    Empty,
}

/// What the desk answers, and what it records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[serde(rename_all_fields = "camelCase")]
// `Accepted` (with its explanation) is the common outcome and is built once per
// message; boxing it would change the public shape for no gain.
#[allow(clippy::large_enum_variant)]
pub enum IntakeOutcome {
    /// Accepted: a ticket opens with this `Received` event (number it with
    /// [`open`](IntakeOutcome::open)).
    Accepted {
        /// The first event of the ticket.
        received: Event,
        /// When the SLA clock starts.
        clock_starts: Timestamp,
        /// The deadline the standard promises.
        due: Timestamp,
        /// Whether the desk was closed when the message arrived.
        received_while_closed: bool,
        /// Why the deadline is what it is.
        explanation: Explanation,
        /// Years the deadline touches that the holiday list does not cover.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        uncovered_years: Vec<i32>,
    },
    /// Feedback about the desk itself: recorded, and pointed to the standard's channel.
    Referred {
        /// The first (and terminal) event of the record.
        received: Event,
    },
    /// Refused with the reason; nothing is recorded.
    Refused {
        /// Why.
        refusal: Refusal,
    },
}

impl IntakeOutcome {
    /// Gives the `received` event of an accepted or referred outcome its number.
    pub fn set_number(&mut self, number: &str) {
        if let IntakeOutcome::Accepted { received, .. } | IntakeOutcome::Referred { received } =
            self
        {
            if let EventKind::Received { number: n, .. } = &mut received.what {
                *n = number.to_string();
            }
        }
    }

    /// The ticket this outcome opens, numbered `number` (none when refused).
    pub fn open(&self, number: &str) -> Option<Ticket> {
        let mut ev = match self {
            IntakeOutcome::Accepted { received, .. } | IntakeOutcome::Referred { received } => {
                received.clone()
            }
            IntakeOutcome::Refused { .. } => return None,
        };
        if let EventKind::Received { number: n, .. } = &mut ev.what {
            *n = number.to_string();
        }
        Ticket::replay(&[ev]).ok()
    }
}

/// Applies the standard's requirements to a message (section A1, A5, A6): the
/// outcome always carries a clear answer ([`IntakeOutcome::answer`]).
///
/// The SLA counts from the message's `received_at`; `now` is when intake runs, and a
/// `received_at` later than `now` (a sender's clock running fast) is taken as `now`.
///
/// # Example
///
/// ```
/// use loket_core::ticket::{intake, Channel, IntakeOutcome, Message, Refusal};
/// use loket_core::{Lang, Profile, TicketKind, Timestamp};
///
/// let profile = Profile::jatengprov();
/// // Saturday evening: outside service hours.
/// let now: Timestamp = "2024-03-02T19:00:00+07:00".parse()?;
/// let msg = Message {
///     channel: Channel::Whatsapp,
///     application: Some("e planning".into()), // names are matched loosely
///     kind: TicketKind::Complaint,
///     subject: None,
///     body: "Menu laporan kosong.".into(),
///     reporter: Default::default(),
///     received_at: now,
///     about_desk: false,
/// };
/// let out = intake(&msg, &profile, now)?;
/// let IntakeOutcome::Accepted { due, received_while_closed, .. } = &out else {
///     panic!("refused: {out:?}");
/// };
/// assert!(*received_while_closed);
/// // One operational day from Monday's opening:
/// assert_eq!(due.to_rfc3339(profile.calendar.timezone()), "2024-03-04T15:30:00+07:00");
/// let answer = out.answer(&profile, Some("JTG-2024-000001"), Lang::Id);
/// assert!(answer.contains("nomor tiket JTG-2024-000001"));
/// let ticket = out.open("JTG-2024-000001").expect("accepted");
/// assert_eq!(ticket.application(), Some("e-planning"));
///
/// // A voice message is not a written submission: refused, with the answer why.
/// let voice = Message { channel: Channel::VoiceMessage, ..msg };
/// let out = intake(&voice, &profile, now)?;
/// assert!(matches!(out, IntakeOutcome::Refused { refusal: Refusal::NotWritten { .. } }));
/// assert!(out.answer(&profile, None, Lang::En).contains("in writing"));
/// # Ok::<(), loket_core::Error>(())
/// ```
///
/// # Errors
/// Only calendar errors (an instant outside the calendar's range).
pub fn intake(msg: &Message, profile: &Profile, now: Timestamp) -> Result<IntakeOutcome, Error> {
    let mut msg = msg.clone();
    msg.received_at = msg.received_at.min(now);
    let msg = &msg;
    if !msg.channel.is_written() {
        return Ok(IntakeOutcome::Refused {
            refusal: Refusal::NotWritten {
                channel: msg.channel,
            },
        });
    }
    if msg.body.trim().is_empty() {
        return Ok(IntakeOutcome::Refused {
            refusal: Refusal::Empty,
        });
    }
    let cal = &profile.calendar;
    let product = msg
        .application
        .as_deref()
        .and_then(|a| profile.desk.product(a));
    if product.is_none() && !msg.about_desk {
        return Ok(IntakeOutcome::Refused {
            refusal: Refusal::OutOfScope {
                application: msg.application.clone(),
            },
        });
    }
    let deadline = profile.deadline(msg.kind, msg.received_at)?;
    let subject = msg
        .subject
        .clone()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| {
            msg.body
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
                .chars()
                .take(80)
                .collect()
        });
    let received = Event {
        at: msg.received_at,
        by: Actor::Reporter,
        what: EventKind::Received {
            number: String::new(),
            kind: msg.kind,
            application: product.map(|p| p.id.clone()),
            channel: msg.channel,
            subject,
            body: msg.body.clone(),
            reporter: Box::new(msg.reporter.clone()),
            sla: SlaTerms::compute(profile, msg.kind, msg.received_at)?,
            about_desk: msg.about_desk,
        },
        reason: None,
    };
    if msg.about_desk {
        return Ok(IntakeOutcome::Referred { received });
    }
    Ok(IntakeOutcome::Accepted {
        received,
        clock_starts: deadline.value.clock_starts,
        due: deadline.value.due,
        received_while_closed: !cal.is_open(msg.received_at)?,
        explanation: deadline.value.explanation,
        uncovered_years: deadline.uncovered_years,
    })
}

impl IntakeOutcome {
    /// The answer to the reporter, in `lang`; `number` is the ticket's number.
    pub fn answer(&self, profile: &Profile, number: Option<&str>, lang: Lang) -> String {
        let cal = &profile.calendar;
        let desk = &profile.desk;
        let channels = format!(
            "WhatsApp {} {} email {}",
            desk.whatsapp,
            lang.pick("atau", "or"),
            desk.email
        );
        match self {
            IntakeOutcome::Accepted { received, clock_starts, due, received_while_closed, uncovered_years, explanation, .. } => {
                let (kind, app) = match &received.what {
                    EventKind::Received { kind, application, .. } => (*kind, application.clone()),
                    _ => (TicketKind::Complaint, None),
                };
                let app = app.and_then(|a| desk.product_by_id(&a).map(|p| p.name.clone())).unwrap_or_default();
                let mut s = match lang {
                    Lang::Id => format!(
                        "Terima kasih. {} Anda tentang {app} telah kami terima dengan nomor tiket {}.",
                        capitalize(kind.label(lang)),
                        number.unwrap_or("(baru)")
                    ),
                    Lang::En => format!(
                        "Thank you. Your {} about {app} has been received as ticket {}.",
                        kind.label(lang),
                        number.unwrap_or("(new)")
                    ),
                };
                if *received_while_closed {
                    s.push_str(&match lang {
                        Lang::Id => format!(" Pesan diterima di luar jam layanan; waktu penanganan mulai dihitung {}.", cal.when(*clock_starts, lang)),
                        Lang::En => format!(" It arrived outside service hours; the handling time starts counting {}.", cal.when(*clock_starts, lang)),
                    });
                }
                let target = profile.policy.target(kind);
                s.push_str(&match lang {
                    Lang::Id => format!(
                        " Sesuai standar pelayanan, {} ditangani paling lambat {} waktu operasional, yaitu hingga {}.",
                        kind.label(lang),
                        describe_target(target, lang),
                        cal.when(*due, lang)
                    ),
                    Lang::En => format!(
                        " Under the service standard, {} {} is handled within {} of operational time, that is by {}.",
                        if kind == TicketKind::Incident { "an" } else { "a" },
                        kind.label(lang),
                        describe_target(target, lang),
                        cal.when(*due, lang)
                    ),
                });
                if !uncovered_years.is_empty() {
                    s.push_str(lang.pick(
                        " (Tenggat ini belum memperhitungkan hari libur yang belum ditetapkan.)",
                        " (This deadline does not yet account for holidays not yet decreed.)",
                    ));
                } else if !explanation.provisional_dates.is_empty() || !explanation.provisional_years.is_empty() {
                    s.push_str(lang.pick(
                        " (Tenggat ini memakai perkiraan hari libur yang menunggu SKB; bila SKB menetapkan lain, tenggat dapat bergeser.)",
                        " (This deadline uses provisional holiday dates awaiting the joint decree; it may move if the decree says otherwise.)",
                    ));
                }
                s
            }
            IntakeOutcome::Referred { .. } => match lang {
                Lang::Id => format!(
                    "Terima kasih atas masukan Anda tentang layanan Service Desk. Pesan Anda kami catat{}. Pengaduan, saran, dan masukan atas layanan Service Desk disampaikan kepada {}.",
                    number.map(|n| format!(" dengan nomor {n}")).unwrap_or_default(),
                    desk.feedback
                ),
                Lang::En => format!(
                    "Thank you for your feedback on the Service Desk. We have recorded your message{}. Complaints, suggestions and feedback about the Service Desk go to the {}.",
                    number.map(|n| format!(" as {n}")).unwrap_or_default(),
                    desk.feedback
                ),
            },
            IntakeOutcome::Refused { refusal } => match refusal {
                Refusal::NotWritten { channel } => match lang {
                    Lang::Id => format!(
                        "Mohon maaf, aduan dan permintaan hanya dapat disampaikan secara tertulis, bukan melalui {}. Silakan tulis melalui {channels}.",
                        channel.label(lang)
                    ),
                    Lang::En => format!(
                        "Sorry, complaints and requests must be made in writing, not by {}. Please write to {channels}.",
                        channel.label(lang)
                    ),
                },
                Refusal::OutOfScope { application } => {
                    let names: Vec<&str> = desk.products.iter().map(|p| p.name.as_str()).collect();
                    // The named application is not repeated: answers never echo text
                    // the sender chose (the outbox would carry it to any number).
                    let _ = application;
                    let what = "";
                    match lang {
                        Lang::Id => format!(
                            "Mohon maaf, pesan Anda{what} di luar lingkup layanan {}, yang hanya menangani aduan dan permintaan teknis operasional aplikasi: {}. Untuk hal lain, silakan hubungi perangkat daerah atau pengelola layanan yang bersangkutan. Jika pesan Anda memang tentang salah satu aplikasi tersebut, mohon sebutkan nama aplikasinya.",
                            desk.name,
                            names.join(", ")
                        ),
                        Lang::En => format!(
                            "Sorry, your message{what} is outside the scope of {}, which handles technical complaints and requests about these applications only: {}. For anything else, please contact the agency or service concerned. If your message is about one of these applications, please name it.",
                            desk.name,
                            names.join(", ")
                        ),
                    }
                }
                Refusal::Empty => match lang {
                    Lang::Id => format!("Pesan Anda kosong. Mohon tuliskan aduan atau permintaan Anda melalui {channels}."),
                    Lang::En => format!("Your message is empty. Please write your complaint or request to {channels}."),
                },
            },
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| std::iter::once(f.to_ascii_uppercase()).chain(c).collect())
        .unwrap_or_default()
}

fn describe_target(d: crate::duration::OpDuration, lang: Lang) -> String {
    match d {
        crate::duration::OpDuration::Days(n) => format!(
            "{n} {}",
            lang.pick("hari", if n == 1 { "day" } else { "days" })
        ),
        crate::duration::OpDuration::Seconds(s) => crate::duration::format_seconds(s),
    }
}
