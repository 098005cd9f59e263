package io.glassbox.course;

import io.glassbox.resp.RespValue;

/**
 * One command a step ran and the engine's reply. {@code node} names the engine it ran on when the
 * lesson has more than one ({@code "master"}, {@code "replica"}), or null for the learner's engine.
 */
public record Exchange(String node, String line, RespValue reply) {}
