// assessment_movement: each outcome's self-assessment from one reporting year to the next the plan scored it, and the change.
// params: $plan - a plan id, or '' for every plan
MATCH (o:Outcome)-[:ASSESSED]->(s:Assessment)
WHERE $plan = '' OR s.plan = $plan
OPTIONAL MATCH (o)-[:ASSESSED]->(p:Assessment) WHERE p.plan = s.plan AND p.year < s.year
WITH o, s, max(p.year) AS prev
MATCH (o)-[:ASSESSED]->(b:Assessment) WHERE b.plan = s.plan AND b.year = prev
RETURN s.plan AS plan, o.key AS outcome, b.year AS before, s.year AS after, b.score AS score_before,
       s.score AS score_after, s.score - b.score AS change, s.scale AS scale
ORDER BY plan, outcome, after
