-- Each ticket keeps the verdict on its first dispatch (一次转办准确率) as it is decided, rather
-- than being judged by its state now. Tickets stored before then are given theirs when the
-- store opens (`refold`), from the first id on.
INSERT INTO settings (key, value) VALUES ('first_dispatch_refold', '0')
    ON CONFLICT (key) DO UPDATE SET value = '0';
