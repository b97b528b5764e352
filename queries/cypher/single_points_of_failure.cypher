// single_points_of_failure: partners whose withdrawal would leave an outcome or a need of a plan with no action (they alone lead every action covering it); a row per partner and what it alone covers.
// params: $plan - a plan id, or '' for every plan
MATCH (pl:Plan)<-[:PART_OF]-(a:Action)-[:DELIVERS]->(o:Outcome)
WHERE $plan = '' OR pl.plan = $plan
OPTIONAL MATCH (a)<-[:LEADS]-(lead:Partner)
WITH pl, o, a, count(lead) AS leads, min(lead.name) AS partner
WITH pl, o, count(a) AS actions, sum(CASE WHEN leads = 1 THEN 1 ELSE 0 END) AS sole, min(partner) AS first, max(partner) AS last
WHERE sole = actions AND first = last
RETURN pl.plan AS plan, first AS partner, 'outcome' AS kind, o.key AS subject, actions
UNION ALL
MATCH (pl:Plan)<-[:PART_OF]-(a:Action)-[:ADDRESSES]->(n:Need)
WHERE $plan = '' OR pl.plan = $plan
OPTIONAL MATCH (a)<-[:LEADS]-(lead:Partner)
WITH pl, n, a, count(lead) AS leads, min(lead.name) AS partner
WITH pl, n, count(a) AS actions, sum(CASE WHEN leads = 1 THEN 1 ELSE 0 END) AS sole, min(partner) AS first, max(partner) AS last
WHERE sole = actions AND first = last
RETURN pl.plan AS plan, first AS partner, 'need' AS kind, n.key AS subject, actions
