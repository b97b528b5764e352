// compare: each plan's actions, lead partners, indicators (and how many an action is linked to) and needs addressed, per national outcome.
// params: $plan - a plan id, or '' for every plan
MATCH (pl:Plan), (o:Outcome)
WHERE ($plan = '' OR pl.plan = $plan) AND o.framework = pl.framework
OPTIONAL MATCH (a:Action)-[:DELIVERS]->(o)
WHERE a.plan = pl.plan
OPTIONAL MATCH (l:Partner)-[:LEADS]->(a)
WITH pl, o, count(DISTINCT a.id) AS actions, count(DISTINCT l.id) AS lead_partners
OPTIONAL MATCH (b:Action)-[:DELIVERS]->(o)
WHERE b.plan = pl.plan
OPTIONAL MATCH (b)-[:ADDRESSES]->(n:Need)
WITH DISTINCT pl, o, actions, lead_partners, n.key AS need
ORDER BY need SKIP 0
WITH pl, o, actions, lead_partners, collect(need) AS needs
OPTIONAL MATCH (o)-[:MEASURED_BY]->(i:Indicator)
WHERE i.plan = pl.plan
OPTIONAL MATCH (i)<-[:MEASURED_BY]-(linked:Action)
WITH pl, o, actions, lead_partners, needs, i, count(linked) AS links
RETURN o.key AS outcome, pl.plan AS plan, actions, lead_partners, count(i) AS indicators,
       sum(CASE WHEN links > 0 THEN 1 ELSE 0 END) AS linked_indicators, needs
ORDER BY outcome, plan
