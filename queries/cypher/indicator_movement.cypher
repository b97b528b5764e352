// indicator_movement: each indicator's value from one period to the next of the same span (a year to the next year, a quarter to the next quarter given), its direction, and whether that is better or worse by the way the plan says the indicator is better ('' when it does not say).
// params: $plan - a plan id, or '' for every plan
MATCH (i:Indicator)-[:VALUE]->(m:Measurement)
WHERE $plan = '' OR i.plan = $plan
OPTIONAL MATCH (i)-[:VALUE]->(p:Measurement) WHERE p.span = m.span AND p.period < m.period
WITH i, m, max(p.period) AS prev
MATCH (i)-[:VALUE]->(b:Measurement) WHERE b.span = m.span AND b.period = prev
WITH i, b, m, m.value - b.value AS change
RETURN i.plan AS plan, i.name AS indicator, i.outcome AS outcome, b.period AS before, m.period AS after,
       b.value AS value_before, m.value AS value_after, change,
       CASE WHEN change > 0 THEN 'up' WHEN change < 0 THEN 'down' ELSE 'same' END AS direction,
       CASE WHEN change = 0 THEN 'no change'
            WHEN (i.better = 'higher' AND change > 0) OR (i.better = 'lower' AND change < 0) THEN 'better'
            WHEN i.better IS NULL THEN '' ELSE 'worse' END AS judged
ORDER BY plan, indicator, after
