"""The landscape lab tab."""
