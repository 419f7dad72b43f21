"""Domain objects as JSON for the wire, per area. What a caller may see depends on who they are."""
