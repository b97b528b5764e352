// outcome_without_action: gap reason outcome-without-action - outcomes of a plan's framework no action delivers.
// params: $plan - a plan id, or '' for every plan
MATCH (pl:Plan), (o:Outcome)
WHERE ($plan = '' OR pl.plan = $plan) AND o.framework = pl.framework
OPTIONAL MATCH (a:Action)-[:DELIVERS]->(o)
WHERE a.plan = pl.plan
WITH pl, o, count(a) AS actions
WHERE actions = 0
RETURN pl.plan AS plan, 'outcome-without-action' AS reason, o.key AS subject
ORDER BY plan, subject
