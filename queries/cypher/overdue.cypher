// overdue: actions overdue at a date (due before it and not complete), oldest first - the timeline's overdue rows.
// params: $plan - a plan id, or '' for every plan; $as_of - the date, as 'YYYY-MM-DD'
// A due date that is not YYYY-MM-DD (written by another tool) is never overdue: timeline shows it as 'not a date'.
MATCH (a:Action)
WHERE ($plan = '' OR a.plan = $plan) AND a.due =~ '[0-9]{4}-[0-9]{2}-[0-9]{2}' AND a.due < $as_of AND a.status <> 'complete'
RETURN a.plan AS plan, a.ref AS ref, a.due AS due
ORDER BY plan, due, ref
