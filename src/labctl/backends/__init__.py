"""Environment backends (compose, kind, terraform) behind one interface."""
