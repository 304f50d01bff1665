"""Pure rules of a party member's life (DOMAIN.md §2); no Django."""
