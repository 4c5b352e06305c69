"""The handbook's linters: commands in code blocks, and (later) translations."""
