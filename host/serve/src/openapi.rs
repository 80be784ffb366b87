//! The OpenAPI document served at `/openapi.json`: the paths, parameters and prose
//! are written by hand (`openapi.json`); the schema of every wire object that has a
//! Rust type is generated from that type (`schemars`, the same serde attributes the
//! service serializes with), so the document cannot drift from what is sent.
//!
//! Hand-written components remain for request bodies read field by field and for the
//! service's own small objects; a test checks that no hand-written component shadows
//! a generated one and that every `$ref` resolves.

use std::sync::OnceLock;

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

/// The generated schemas, by component name: the view objects of the core and
/// everything they refer to.
pub fn generated_schemas() -> Map<String, Value> {
    use loket_core::view::{PublicStatus, SlaFilter, TicketDetail, TicketPage, TicketSummary};
    let mut settings = SchemaSettings::draft2020_12().for_serialize();
    settings.definitions_path = "/components/schemas".into();
    let mut g = settings.into_generator();
    g.subschema_for::<TicketDetail>();
    g.subschema_for::<TicketPage>();
    g.subschema_for::<TicketSummary>();
    g.subschema_for::<PublicStatus>();
    g.subschema_for::<SlaFilter>();
    g.subschema_for::<loket_core::ticket::Allowed>();
    g.subschema_for::<loket_core::CalendarSpec>();
    g.subschema_for::<loket_core::SlaPolicy>();
    g.subschema_for::<loket_core::ticket::DeskConfig>();
    g.subschema_for::<loket_core::view::CoverageStatus>();
    g.subschema_for::<loket_core::ticket::Refusal>();
    g.subschema_for::<loket_core::ticket::Channel>();
    g.subschema_for::<loket_core::report::Report>();
    g.subschema_for::<loket_core::skm::SkmSummary>();
    g.subschema_for::<loket_core::skm::Element>();
    g.take_definitions(true)
}

/// The hand-written part of the document.
pub const HAND_WRITTEN: &str = include_str!("openapi.json");

/// The whole document: the hand-written part with the generated schemas added.
pub fn document() -> &'static str {
    static DOC: OnceLock<String> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc: Value =
            serde_json::from_str(HAND_WRITTEN).expect("openapi.json is JSON (tested)");
        if let Some(schemas) = doc
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
        {
            for (name, schema) in generated_schemas() {
                schemas.insert(name, schema);
            }
        }
        serde_json::to_string_pretty(&doc).expect("a JSON value serializes")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    match (k.as_str(), x) {
                        ("$ref", Value::String(r)) => out.push(r.clone()),
                        _ => refs(x, out),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }

    #[test]
    fn no_hand_written_schema_shadows_a_generated_one() {
        let hand: Value = serde_json::from_str(HAND_WRITTEN).unwrap();
        let hand = hand["components"]["schemas"].as_object().unwrap();
        let generated = generated_schemas();
        let shadowed: Vec<&String> = generated.keys().filter(|k| hand.contains_key(*k)).collect();
        assert!(
            shadowed.is_empty(),
            "openapi.json writes by hand the schemas of {shadowed:?}, which are generated from \
             their Rust types: remove them from openapi.json (generated: {:?})",
            generated.keys().collect::<Vec<_>>()
        );
    }

    #[test]
    fn every_reference_resolves() {
        let doc: Value = serde_json::from_str(document()).unwrap();
        let mut all = Vec::new();
        refs(&doc, &mut all);
        assert!(all.len() > 50, "{}", all.len());
        let missing: Vec<&String> = all
            .iter()
            .filter(|r| r.strip_prefix('#').is_none_or(|p| doc.pointer(p).is_none()))
            .collect();
        assert!(missing.is_empty(), "unresolved references: {missing:?}");
    }

    #[test]
    fn the_view_objects_are_generated_with_their_fields() {
        let g = generated_schemas();
        for name in [
            "TicketDetail",
            "TicketPage",
            "TicketSummary",
            "PublicStatus",
            "ClockState",
            "Allowed",
        ] {
            assert!(
                g.contains_key(name),
                "{name} is not generated: {:?}",
                g.keys()
            );
        }
        // The fields are the serialized ones (serde's camelCase), e.g. the clock's.
        let clock = &g["ClockState"]["properties"];
        for field in [
            "kind",
            "status",
            "running",
            "paused",
            "elapsed",
            "budget",
            "remaining",
            "due",
            "stoppedAt",
            "asOf",
        ] {
            assert!(clock.get(field).is_some(), "ClockState.{field}: {clock}");
        }
        assert!(clock.get("stopped_at").is_none());
    }
}
