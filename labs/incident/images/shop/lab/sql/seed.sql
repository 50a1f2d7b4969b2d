-- One batch of past orders: psql -v seed=0.42 -v n=300 -v day=3 (days ago)
SELECT setseed(:seed);
INSERT INTO orders (product_id, quantity, amount_cents, customer, created_at)
SELECT p.id, q.qty, p.price_cents * q.qty, 'customer-' || (1 + floor(random() * 900))::int,
       date_trunc('day', now()) - make_interval(days => :day) + make_interval(secs => g * 86000.0 / :n)
FROM generate_series(1, :n) AS g
CROSS JOIN LATERAL (SELECT 1 + floor(random() * 12)::int AS pid, 1 + floor(random() * 3)::int AS qty, g AS gg) AS q
JOIN products p ON p.id = q.pid
ORDER BY g;
