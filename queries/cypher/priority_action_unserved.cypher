// priority_action_unserved: gap reason priority-action-unserved - priority actions of the strategy whose aligned outcomes no action of a plan delivers.
// params: $plan - a plan id, or '' for every plan
// Only priority actions some outcome is aligned to (ALIGNED_TO) are asked about; a framework
// without priority actions (2016) has none.
MATCH (pl:Plan), (o:Outcome)-[:ALIGNED_TO]->(p:PriorityAction)
WHERE ($plan = '' OR pl.plan = $plan) AND p.framework = pl.framework
OPTIONAL MATCH (a:Action)-[:DELIVERS]->(o)
WHERE a.plan = pl.plan
WITH pl, p, count(a) AS actions
WHERE actions = 0
RETURN pl.plan AS plan, 'priority-action-unserved' AS reason, p.key AS subject
ORDER BY plan, subject
