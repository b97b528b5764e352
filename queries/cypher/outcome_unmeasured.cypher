// outcome_unmeasured: gap reason outcome-unmeasured - outcomes for which a plan lists no indicator.
// params: $plan - a plan id, or '' for every plan
// An outcome whose framework sources its national indicators centrally (measured_centrally, the
// 2023 framework) is no gap: a plan need not list indicators for it.
MATCH (pl:Plan), (o:Outcome)
WHERE ($plan = '' OR pl.plan = $plan) AND o.framework = pl.framework AND NOT o.measured_centrally
OPTIONAL MATCH (o)-[:MEASURED_BY]->(i:Indicator)
WHERE i.plan = pl.plan
WITH pl, o, count(i) AS indicators
WHERE indicators = 0
RETURN pl.plan AS plan, 'outcome-unmeasured' AS reason, o.key AS subject
ORDER BY plan, subject
