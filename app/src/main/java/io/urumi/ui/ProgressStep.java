package io.urumi.ui;

/** One step of a store's current operation as the progress view shows it. */
public record ProgressStep(String key, String title, Phase phase, String detail, String timing) {

    /** Where the step stands; each has a word of its own, so it is never told by colour alone. */
    public enum Phase {
        DONE("Done", "✓", "ok"),
        RUNNING("Running now", "◔", "busy"),
        FAILED("Failed", "✕", "bad"),
        WAITING("Waiting", "·", "muted"),
        NOT_REACHED("Not reached", "·", "muted");

        private final String label;
        private final String symbol;
        private final String tone;

        Phase(String label, String symbol, String tone) {
            this.label = label;
            this.symbol = symbol;
            this.tone = tone;
        }

        public String label() {
            return label;
        }

        public String symbol() {
            return symbol;
        }

        public String tone() {
            return tone;
        }
    }
}
