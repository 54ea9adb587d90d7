// The `Store` module: see DESIGN §3 and README's Layout.
