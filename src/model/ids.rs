//! Newtype ids for the records of a [`ClaimSet`](crate::ClaimSet).
//!
//! An id is the index of its record in the claim set, which keeps records sorted by their text
//! id. That makes every id order-independent: the same claim set read from a reordered document
//! gives the same ids.

/// Whether a character may stand in an id: ASCII letters and digits and `_ - . :`.
pub(crate) fn is_id_character(character: char) -> bool {
    character.is_ascii_alphanumeric() || matches!(character, '_' | '-' | '.' | ':')
}

macro_rules! define_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        pub struct $name(pub(crate) u32);

        impl $name {
            /// The position of the record in its claim set's list of this kind, counting from 0.
            ///
            /// ```
            /// # use claimgraph::ClaimSet;
            /// let claims = ClaimSet::from_json_str(r#"{"positions": [{"id": "p"}]}"#)?;
            /// assert_eq!(claims.positions().next().map(|(id, _)| id.index()), Some(0));
            /// # Ok::<(), claimgraph::LoadError>(())
            /// ```
            pub fn index(self) -> usize {
                self.0 as usize
            }

            #[allow(clippy::cast_possible_truncation)]
            pub(crate) fn from_index(index: usize) -> Self {
                // Claim sets hold fewer than 2^31 records of one kind when loaded.
                Self(index as u32)
            }
        }
    };
}

define_id!(
    /// Identifies an [`Actor`](crate::Actor) of a claim set.
    ActorId
);
define_id!(
    /// Identifies a [`Source`](crate::Source) of a claim set.
    SourceId
);
define_id!(
    /// Identifies a [`Position`](crate::Position) of a claim set.
    PositionId
);
define_id!(
    /// Identifies a [`Rule`](crate::Rule) of a claim set.
    RuleId
);
define_id!(
    /// Identifies an [`Assertion`](crate::Assertion) of a claim set.
    AssertionId
);
