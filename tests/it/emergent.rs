//! The Emergent corpus end to end: the contradictions found are exactly the pairs of a `for` and
//! an `against` article on the same claim, counted here straight from the CSV.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use claimgraph::import::{Mapping, import_csv_file};
use claimgraph::{Checker, ClaimSet, FindingKind};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn corpus() -> PathBuf {
    root().join("data/emergent/edata_all.csv")
}

/// One article as the CSV has it.
struct Article {
    article_id: String,
    claim_id: String,
    stance: String,
    outlet: String,
}

/// The articles, read with the csv crate alone.
fn read_articles() -> Vec<Article> {
    let mut reader = csv::Reader::from_path(corpus()).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|header| header == name).unwrap();
    let (article_id, claim_id, stance, outlet) =
        (column("articleId"), column("claimId"), column("articleHeadlineStance"), column("source"));
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            Article {
                article_id: record[article_id].to_owned(),
                claim_id: record[claim_id].to_owned(),
                stance: record[stance].to_owned(),
                outlet: record[outlet].to_owned(),
            }
        })
        .collect()
}

/// A contradiction as compared here: the two article ids, sorted, and whether it is cross-source.
type Pair = (Vec<String>, bool);

/// Per claim, every (`for`, `against`) pair; cross-source unless both articles have one outlet.
fn expected_pairs(articles: &[Article]) -> BTreeSet<Pair> {
    let mut by_claim: BTreeMap<&str, (Vec<&Article>, Vec<&Article>)> = BTreeMap::new();
    for article in articles {
        let entry = by_claim.entry(&article.claim_id).or_default();
        match article.stance.as_str() {
            "for" => entry.0.push(article),
            "against" => entry.1.push(article),
            _ => {}
        }
    }
    let mut pairs = BTreeSet::new();
    for (for_articles, against_articles) in by_claim.values() {
        for for_article in for_articles {
            for against_article in against_articles {
                let mut ids = vec![for_article.article_id.clone(), against_article.article_id.clone()];
                ids.sort();
                pairs.insert((ids, for_article.outlet != against_article.outlet));
            }
        }
    }
    pairs
}

#[test]
fn the_corpus_is_as_its_readme_says() {
    let articles = read_articles();
    assert_eq!(articles.len(), 2595);
    let count = |stance: &str| articles.iter().filter(|article| article.stance == stance).count();
    assert_eq!((count("for"), count("against"), count("observing")), (1238, 395, 962));
    let ids: BTreeSet<&str> = articles.iter().map(|article| article.article_id.as_str()).collect();
    assert_eq!(ids.len(), articles.len(), "article ids are unique, so they can be assertion ids");

    let pairs = expected_pairs(&articles);
    assert_eq!(pairs.len(), 1482);
    let claims_with_both: BTreeSet<&str> = articles
        .iter()
        .filter(|article| {
            articles
                .iter()
                .any(|other| other.claim_id == article.claim_id && article.stance == "for" && other.stance == "against")
        })
        .map(|article| article.claim_id.as_str())
        .collect();
    assert_eq!(claims_with_both.len(), 86);
    assert_eq!(pairs.iter().filter(|(_, cross_source)| !cross_source).count(), 24);
}

#[test]
fn contradictions_are_the_for_against_pairs() {
    let mapping = Mapping::load(root().join("examples/emergent/mapping.toml")).unwrap();
    let imported = import_csv_file(corpus(), &mapping).unwrap();
    let summary = &imported.summary;
    assert_eq!((summary.rows, summary.imported, summary.skipped_by_stance), (2595, 1633, 962));
    assert_eq!(summary.claims_of_fact, 1633);

    let claims = ClaimSet::from_documents(vec![imported.document]).unwrap();
    let report = Checker::new(&claims).check();
    for kind in [FindingKind::Tension, FindingKind::Reversal, FindingKind::Dissent] {
        assert_eq!(report.count(kind), 0, "no {kind} expected: no rules, no dates, no holders");
    }

    let mut found = BTreeSet::new();
    for finding in report.findings() {
        assert_eq!(finding.kind(), FindingKind::Contradiction);
        assert_eq!(finding.holder(), None, "claims of fact have no holder");
        assert!(finding.rules().is_empty());
        let assertions: Vec<_> = finding.assertions().iter().map(|id| claims.assertion(*id)).collect();
        assert_eq!(assertions.len(), 2);
        assert_eq!(assertions[0].position(), assertions[1].position());
        let distinct_sources: BTreeSet<_> = assertions.iter().map(|assertion| assertion.source()).collect();
        assert_eq!(finding.sources().len(), distinct_sources.len());
        found.insert((
            assertions.iter().map(|assertion| assertion.id().to_owned()).collect(),
            finding.is_cross_source(),
        ));
    }

    let expected = expected_pairs(&read_articles());
    let missing: Vec<&Pair> = expected.difference(&found).collect();
    let extra: Vec<&Pair> = found.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{} contradictions found, {} expected; {} missing (first: {:?}), {} not expected (first: {:?})",
        found.len(),
        expected.len(),
        missing.len(),
        missing.first(),
        extra.len(),
        extra.first(),
    );
}
