"""The bundled sample study: building a project from its files."""
