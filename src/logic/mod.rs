//! Propositional logic over positions: clauses from rules and a local satisfiability search.
