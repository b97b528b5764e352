// indicator_without_action: gap reason indicator-without-action - indicators no action is linked to.
// params: $plan - a plan id, or '' for every plan
MATCH (i:Indicator)
WHERE ($plan = '' OR i.plan = $plan) AND NOT (i)<-[:MEASURED_BY]-(:Action)
RETURN i.plan AS plan, 'indicator-without-action' AS reason, i.name AS subject
ORDER BY plan, subject
