// outcome_only_qualitative: gap reason outcome-only-qualitative - outcomes a plan measures only with qualitative indicators.
// params: $plan - a plan id, or '' for every plan
// An indicator's "quantitative" property is set by cjgraph from the word list of indicator_rules.toml.
// Outcomes measured centrally (measured_centrally, the 2023 framework) are left out.
MATCH (pl:Plan), (o:Outcome)-[:MEASURED_BY]->(i:Indicator)
WHERE ($plan = '' OR pl.plan = $plan) AND o.framework = pl.framework AND NOT o.measured_centrally AND i.plan = pl.plan
WITH pl, o, count(i) AS indicators, sum(CASE WHEN i.quantitative THEN 1 ELSE 0 END) AS counted
WHERE counted = 0
RETURN pl.plan AS plan, 'outcome-only-qualitative' AS reason, o.key AS subject, indicators
ORDER BY plan, subject
