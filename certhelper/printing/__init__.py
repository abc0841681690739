"""Qt-drawn documents (the PDF report) that both front-ends may use; needs PySide6 but no window."""
