"""The Gradio app: one module per tab, the renderers, and the wiring.

Takes what ``service.Service`` returns; gives escaped HTML and Markdown. Nothing below imports it.
"""
