/**
 * Calling functions on workers: {@link io.tuplespace.client.call.Calls} on the caller's side
 * ({@code call}, {@code callAsync}, {@code map}) and {@link io.tuplespace.client.call.Worker} on the worker's side
 * ({@code serve}). Calls and results are ordinary tuples, so the space's rules give the least-busy worker the next
 * call; see {@code docs/calls.md} for the tuples, the semantics and what happens on failures.
 */
package io.tuplespace.client.call;
