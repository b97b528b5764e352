// impact: if a partner withdraws, the actions of each plan left with no lead (those it leads alone).
// params: $plan - a plan id, or '' for every plan; $partner - the partner's name
MATCH (p:Partner {name: $partner})-[:LEADS]->(a:Action)
WHERE $plan = '' OR a.plan = $plan
MATCH (a)<-[:LEADS]-(lead:Partner)
WITH p, a, count(lead) AS leads
WHERE leads = 1
RETURN a.plan AS plan, p.name AS partner, 'action-left-without-lead' AS effect, a.ref AS subject
ORDER BY plan, subject
