// overdue: actions overdue at a date (due before it and not complete), oldest first - the timeline's overdue rows.
// params: $plan - a plan id, or '' for every plan; $as_of - the date, as 'YYYY-MM-DD'
MATCH (a:Action)
WHERE ($plan = '' OR a.plan = $plan) AND a.due <> '' AND a.due < $as_of AND a.status <> 'complete'
RETURN a.plan AS plan, a.ref AS ref, a.due AS due
ORDER BY plan, due, ref
