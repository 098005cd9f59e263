/**
 * SORT and SORT_RO: Redis's {@code sort.c}.
 *
 * <p>SORT is the one command that reads keys it is not given: BY and GET patterns name other
 * keys by substituting each element for the {@code *} ({@code lookupKeyByPattern}), optionally
 * reaching into a hash field with {@code ->field}. That is why cluster mode restricts it and why
 * COMMAND GETKEYS needs a function ({@code sortGetKeys}) to find the STORE destination.
 */
package io.glassbox.command.sort;
