// need_unaddressed: gap reason need-unaddressed - criminogenic needs no action of a plan addresses.
// params: $plan - a plan id, or '' for every plan
MATCH (pl:Plan), (n:Need)
WHERE $plan = '' OR pl.plan = $plan
OPTIONAL MATCH (a:Action)-[:ADDRESSES]->(n)
WHERE a.plan = pl.plan
WITH pl, n, count(a) AS actions
WHERE actions = 0
RETURN pl.plan AS plan, 'need-unaddressed' AS reason, n.key AS subject
ORDER BY plan, subject
