"""Quality measurements on public labelled data: each evaluator reads a labelled file, runs the
real pipeline on it and reports precision, recall and F1 with the counts behind them."""
