-- The shop's database. Owned by the role shop, which the API logs in as.
SET ROLE shop;
CREATE TABLE products (
    id          serial PRIMARY KEY,
    name        text NOT NULL,
    price_cents integer NOT NULL CHECK (price_cents > 0)
);
CREATE TABLE orders (
    id           bigserial PRIMARY KEY,
    product_id   integer NOT NULL REFERENCES products (id),
    quantity     integer NOT NULL CHECK (quantity > 0),
    amount_cents integer NOT NULL,
    customer     text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_created_at ON orders (created_at);
INSERT INTO products (name, price_cents) VALUES
  ('trail shoes', 8900), ('rain jacket', 12900), ('wool socks', 1400), ('headlamp', 3900),
  ('water bottle', 1900), ('day pack', 6900), ('trekking poles', 5900), ('sun hat', 2400),
  ('fleece', 4900), ('map case', 1200), ('first aid kit', 2900), ('gaiters', 3400);
