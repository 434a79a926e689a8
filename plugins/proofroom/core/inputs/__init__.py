"""The files people write: YAML reading, briefs, decisions, team.yml, their schemas' messages."""
