// action_without_lead: gap reason action-without-lead - actions that name no lead.
// params: $plan - a plan id, or '' for every plan
MATCH (a:Action)
WHERE ($plan = '' OR a.plan = $plan) AND NOT (a)<-[:LEADS]-(:Partner)
RETURN a.plan AS plan, 'action-without-lead' AS reason, a.ref AS subject
ORDER BY plan, subject
