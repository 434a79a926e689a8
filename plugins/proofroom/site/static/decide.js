/* Proofroom review pages: decide. See proofroom.js for the conventions. */
