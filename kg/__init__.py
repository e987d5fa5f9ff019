"""bilateral-kg: a knowledge graph of bilateral treaties built from their texts."""
