"""The desktop app: Qt widgets that observe the engine's session model."""
