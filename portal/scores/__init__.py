"""Scale questions: 0-10 questions answered by everyone, again and again, and how scores move."""
