// narrate studio: the page script (placeholder until the page lands)
