// single_points_of_failure: partners whose withdrawal would leave an outcome or a need of a plan with no action (they alone lead every action covering it); a row per partner and what it alone covers. A collective ("All Partners") is not one: it cannot withdraw (see collective_lead).
// params: $plan - a plan id, or '' for every plan
// dialect: embedded (the embedded engine's own Cypher, run as written)
// This is the embedded engine's variant of single_points_of_failure.cypher: label(t) for t:Need.
MATCH (pl:Plan)<-[:PART_OF]-(a:Action)-[:DELIVERS|ADDRESSES]->(t)
WHERE $plan = '' OR pl.plan = $plan
OPTIONAL MATCH (a)<-[:LEADS]-(lead:Partner)
WITH pl, t, a, count(lead) AS leads, min(lead.name) AS partner, max(lead.partner_kind = 'collective') AS collective
WITH pl, t, count(a) AS actions, sum(CASE WHEN leads = 1 THEN 1 ELSE 0 END) AS sole, min(partner) AS first, max(partner) AS last,
     max(collective) AS collective
WHERE sole = actions AND first = last AND NOT collective
RETURN pl.plan AS plan, first AS partner, CASE WHEN label(t) = 'Need' THEN 'need' ELSE 'outcome' END AS kind, t.key AS subject, actions
ORDER BY plan, partner, kind, subject
