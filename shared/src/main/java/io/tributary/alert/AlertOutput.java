package io.tributary.alert;

/**
 * Where the evaluator's decisions go: the rule's history and its notification targets. Called on
 * the thread that evaluated (the processing thread, or the timer's); must not block.
 */
@FunctionalInterface
public interface AlertOutput {

  AlertOutput NONE = (rule, t) -> { };

  void transition(AlertRule rule, AlertTransition transition);
}
