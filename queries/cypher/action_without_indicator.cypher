// action_without_indicator: gap reason action-without-indicator - actions no indicator is linked to.
// params: $plan - a plan id, or '' for every plan
MATCH (a:Action)
WHERE ($plan = '' OR a.plan = $plan) AND NOT (a)-[:MEASURED_BY]->(:Indicator)
RETURN a.plan AS plan, 'action-without-indicator' AS reason, a.ref AS subject
ORDER BY plan, subject
