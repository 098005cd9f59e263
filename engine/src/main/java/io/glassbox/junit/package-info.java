/**
 * A JUnit 5 extension that gives tests a real Redis 7.0-compatible server, in-process, on a free
 * port: {@link io.glassbox.junit.GlassboxExtension}. It lives in the engine module but needs
 * {@code junit-jupiter-api} only at compile time (a provided, optional dependency): an application
 * that embeds the engine does not pull JUnit, and a test suite that uses the extension has it.
 */
package io.glassbox.junit;
