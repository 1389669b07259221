#![doc = include_str!("../README.md")]

mod check;
mod document;
mod error;
mod graph;
pub mod import;
mod limits;
mod logic;
mod model;
pub mod report;
mod suggest;
pub mod synth;

pub use check::{Checker, DEFAULT_MAX_SET, Finding, FindingKind, Reason, Report, Step, Truncation};
pub use document::{
    ActorRecord, AssertionRecord, Document, LiteralList, Location, PositionRecord, RuleRecord, SourceRecord, WhenRecord,
};
pub use document::{Format, InputBudget, Reading, parse_document, parse_document_with, text_from_bytes};
pub use error::{LoadError, Problem, Problems, RecordKind};
pub use graph::ClaimGraph;
pub use model::{
    Actor, ActorId, Assertion, AssertionId, ClaimSet, ClaimSetBuilder, DateError, Literal, PartialDate, Position,
    PositionId, Precision, Rule, RuleForm, RuleId, Source, SourceId, Stance, When, Window,
};

pub use limits::Limits;
