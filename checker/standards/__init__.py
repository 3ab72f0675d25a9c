"""The field's shared standards: W3C Web Annotation selectors and annotations, schema.org
ClaimReview, and import of annotations made in other tools (see docs/standards.md)."""
