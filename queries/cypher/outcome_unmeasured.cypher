// outcome_unmeasured: gap reason outcome-unmeasured - outcomes for which a plan lists no indicator.
// params: $plan - a plan id, or '' for every plan
MATCH (pl:Plan), (o:Outcome)
WHERE ($plan = '' OR pl.plan = $plan) AND o.framework = pl.framework
OPTIONAL MATCH (o)-[:MEASURED_BY]->(i:Indicator)
WHERE i.plan = pl.plan
WITH pl, o, count(i) AS indicators
WHERE indicators = 0
RETURN pl.plan AS plan, 'outcome-unmeasured' AS reason, o.key AS subject
ORDER BY plan, subject
