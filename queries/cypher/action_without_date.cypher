// action_without_date: gap reason action-without-date - actions with no due date, and the timescale printed.
// params: $plan - a plan id, or '' for every plan
MATCH (a:Action)
WHERE ($plan = '' OR a.plan = $plan) AND a.due IS NULL
RETURN a.plan AS plan, 'action-without-date' AS reason, a.ref AS subject, a.timescale AS timescale
ORDER BY plan, subject
