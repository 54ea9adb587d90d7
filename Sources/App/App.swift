// The `App` module: see DESIGN §3 and README's Layout.
